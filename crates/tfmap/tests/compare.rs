//! `tfmap compare` in every format, and hostile names through the Markdown table.

use crate::common::analyse;

macro_rules! compare_snapshots {
    ($($test:ident => $dir:literal),+ $(,)?) => {
        $(
            #[test]
            fn $test() {
                let analysis = analyse($dir);
                insta::assert_snapshot!(concat!(stringify!($test), "_text"), tfmap_render::compare::text(&analysis));
                insta::assert_snapshot!(concat!(stringify!($test), "_markdown"), tfmap_render::compare::markdown(&analysis));
                insta::assert_snapshot!(concat!(stringify!($test), "_json"), tfmap_render::compare::json(&analysis));
            }
        )+
    };
}

compare_snapshots! {
    compare_mixed_ecs_gke => "examples/mixed-ecs-gke",
    compare_ecs_batch => "examples/ecs-batch",
    compare_eks_api => "examples/eks-api",
    compare_ecs_launchers => "testdata/terraform/ecs-launchers",
}

#[test]
fn text_tables_fit_80_columns() {
    for dir in [
        "examples/mixed-ecs-gke",
        "examples/ecs-api",
        "examples/gke-api",
    ] {
        let text = tfmap_render::compare::text(&analyse(dir));
        for line in text.lines().filter(|l| l.starts_with(['┌', '│', '├', '└'])) {
            assert!(
                line.chars().count() <= 80,
                "{dir}: {} columns: {line}",
                line.chars().count()
            );
        }
    }
}

#[test]
fn mixed_example_fills_real_ecs_and_gke_columns() {
    let text = tfmap_render::compare::text(&analyse("examples/mixed-ecs-gke"));
    assert!(text.contains("ECS (this code)") && text.contains("GKE (this code)"));
    assert!(text.contains("ecs:aws_ecs_service.catalog"));
    assert!(text.contains("k8s/Deployment/default/catalog"));
}

#[test]
fn hostile_names_stay_text_in_markdown() {
    let markdown = tfmap_render::compare::markdown(&analyse("testdata/kubernetes/hostile-names"));
    assert!(!markdown.contains("<script"), "{markdown}");
    for line in markdown.lines().filter(|l| l.starts_with('|')) {
        // Every table row keeps its five or four columns: no name adds a cell.
        let cells = line.replace("\\|", "").matches('|').count();
        assert!(cells == 5 || cells == 6, "a name broke the table: {line}");
    }
}
