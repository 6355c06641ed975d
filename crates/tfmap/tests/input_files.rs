//! Every file tfmap opens outside the walk goes through the checked reader: `--plan`,
//! `--state`, `--var-file`, `--config` and the analysed directory's `.tfmap.toml`. A FIFO
//! must not hang it, `/dev/zero` must not fill memory, a link out of the directory must not
//! be followed, and a plan over `--max-plan-size` is refused. Each case ends in seconds with
//! exit 2 and a message naming the file.

#![cfg(unix)]
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A directory with one Terraform file, a FIFO and a file outside it; removed when dropped.
struct Setup(PathBuf);

impl Setup {
    fn new(name: &str) -> Setup {
        let dir = std::env::temp_dir().join(format!("tfmap-inputs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("infra")).unwrap();
        std::fs::write(
            dir.join("infra/main.tf"),
            "resource \"aws_ecs_cluster\" \"main\" {\n  name = \"main\"\n}\n",
        )
        .unwrap();
        let status = Command::new("mkfifo")
            .arg(dir.join("pipe"))
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::write(dir.join("outside.toml"), "[rules]\n").unwrap();
        Setup(dir)
    }

    fn infra(&self) -> PathBuf {
        self.0.join("infra")
    }

    fn path(&self, name: &str) -> String {
        self.0.join(name).to_string_lossy().into_owned()
    }
}

impl Drop for Setup {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs tfmap; kills it and fails the test if it is still running after 20 seconds.
fn run_bounded(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tfmap"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            use std::io::Read;
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut stderr)
                .unwrap();
            return (status.code(), stderr);
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("tfmap {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn assert_refused(args: &[&str], expected: &str) {
    let (code, stderr) = run_bounded(args);
    assert_eq!(code, Some(2), "tfmap {args:?}: {stderr}");
    assert!(
        stderr.contains(expected),
        "tfmap {args:?}: expected {expected:?} in {stderr}"
    );
}

#[test]
fn input_flags_refuse_fifos_and_devices() {
    let setup = Setup::new("flags");
    let infra = setup.infra();
    let infra = infra.to_str().unwrap();
    let pipe = setup.path("pipe");
    for special in ["/dev/zero", pipe.as_str()] {
        for flag in ["--plan", "--state", "--var-file", "--config"] {
            assert_refused(&["analyze", infra, flag, special], "not a regular file");
        }
        assert_refused(&["diff", "--plan", special, infra], "not a regular file");
        assert_refused(
            &["diff", infra, infra, "--var-file", special],
            "not a regular file",
        );
    }
}

#[test]
fn the_directorys_configuration_must_be_a_regular_file_inside_it() {
    let setup = Setup::new("config");
    let infra = setup.infra();
    let config = infra.join(".tfmap.toml");
    let cases: [(&Path, &str); 3] = [
        (Path::new("/dev/zero"), "outside"),
        (&setup.0.join("pipe"), "outside"),
        (&setup.0.join("outside.toml"), "outside"),
    ];
    for (target, expected) in cases {
        let _ = std::fs::remove_file(&config);
        std::os::unix::fs::symlink(target, &config).unwrap();
        for args in [
            vec!["analyze", infra.to_str().unwrap()],
            vec!["diff", infra.to_str().unwrap(), infra.to_str().unwrap()],
        ] {
            assert_refused(&args, expected);
        }
    }
    // A FIFO inside the directory is not a file either.
    let _ = std::fs::remove_file(&config);
    let status = Command::new("mkfifo").arg(&config).status().unwrap();
    assert!(status.success());
    assert_refused(&["analyze", infra.to_str().unwrap()], "not a regular file");
}

#[test]
fn a_plan_over_the_size_limit_is_refused() {
    let setup = Setup::new("plan-size");
    let plan = setup.0.join("plan.json");
    std::fs::write(
        &plan,
        format!(
            "{{\"format_version\": \"1.2\", \"padding\": \"{}\"}}",
            "x".repeat(4000)
        ),
    )
    .unwrap();
    let infra = setup.infra();
    assert_refused(
        &[
            "analyze",
            infra.to_str().unwrap(),
            "--plan",
            plan.to_str().unwrap(),
            "--max-plan-size",
            "1000",
        ],
        "over the limit of 1000 bytes",
    );
}
