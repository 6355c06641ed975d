//! What the targets share: one worker pool for the whole run, with the stack the real loader
//! gives its workers (`load_files` builds a pool per call, which costs more than most
//! inputs), and the same steps `load_files` takes inside it.

use tfmap_loader::{Inventory, LoadOptions, MemoryFiles};

pub fn pool() -> &'static rayon::ThreadPool {
    static POOL: std::sync::OnceLock<rayon::ThreadPool> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .stack_size(32 * 1024 * 1024)
            .build()
            .expect("a worker thread starts")
    })
}

/// Loads Terraform and YAML from memory, as `load_files` does.
pub fn load(files: &[(&str, &str)]) -> Inventory {
    let memory: MemoryFiles = files.iter().map(|(p, t)| (*p, *t)).collect();
    let paths: Vec<String> = memory.paths().map(str::to_string).collect();
    let options = LoadOptions::default();
    pool().install(|| {
        let budget = tfmap_loader::limits::ReadBudget::new(&options);
        let mut inventory = tfmap_loader::terraform::load(&paths, &memory, &options, budget);
        for (path, text) in files.iter().filter(|(p, _)| p.ends_with(".yaml")) {
            let file = tfmap_loader::kubernetes::parse_yaml(
                (*path).into(),
                text,
                options.limits.max_yaml_depth,
            );
            inventory.manifests.extend(file.manifests);
            inventory.diagnostics.extend(file.diagnostics);
        }
        inventory
    })
}
