//! The inputs of issue #13 that once took minutes inside the documented limits.

use crate::Corpus;

/// One ECS cluster, 100,000 task definitions and 99,999 services (100 blocks of each with
/// `count = 1000`, the last service block 999): every service runs on the same cluster,
/// and with the cluster the root holds the 200,000 resource instances it may. (Issue #13
/// saw minutes at 40,000 services.)
pub fn ecs_services() -> Corpus {
    let mut text =
        String::from("resource \"aws_ecs_cluster\" \"main\" {\n  name = \"main\"\n}\n\n");
    for n in 0..100 {
        let services = if n < 99 { 1000 } else { 999 };
        text.push_str(&format!(
            "resource \"aws_ecs_task_definition\" \"task_{n}\" {{\n  count  = 1000\n  family = \"task-{n}-${{count.index}}\"\n  container_definitions = jsonencode([{{ name = \"app\", image = \"nginx:1\", essential = true }}])\n}}\n\n\
             resource \"aws_ecs_service\" \"service_{n}\" {{\n  count           = {services}\n  name            = \"service-{n}-${{count.index}}\"\n  cluster         = aws_ecs_cluster.main.id\n  task_definition = aws_ecs_task_definition.task_{n}[count.index].arn\n  desired_count   = 1\n}}\n\n"
        ));
    }
    let mut corpus = Corpus::default();
    corpus.add("main.tf", text);
    corpus
}

/// 150,000 resources in one minified `.tf.json`, under the 16 MiB file-size limit.
pub fn tf_json() -> Corpus {
    let mut text = String::from("{\"resource\":{\"aws_s3_bucket\":{");
    for i in 0..150_000 {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(
            "\"b{i}\":{{\"bucket\":\"bucket-{i}\",\"tags\":{{\"team\":\"platform\",\"case\":\"limits\",\"n\":\"{i}\"}}}}"
        ));
    }
    text.push_str("}}}");
    let mut corpus = Corpus::default();
    corpus.add("main.tf.json", text);
    corpus
}

/// A heredoc of 1,000,000 interpolations of a local, in a resource's attribute.
pub fn heredoc() -> Corpus {
    let mut text = String::from(
        "locals {\n  word = \"w\"\n}\n\nresource \"aws_instance\" \"big\" {\n  user_data = <<EOT\n",
    );
    for line in 0..100_000 {
        text.push_str(&format!("{line}"));
        for _ in 0..10 {
            text.push_str(" ${local.word}");
        }
        text.push('\n');
    }
    text.push_str("EOT\n}\n");
    let mut corpus = Corpus::default();
    corpus.add("main.tf", text);
    corpus
}

/// Two lists of 99,999 strings, half shared, through each set function and `distinct`; a
/// cluster's name shows the sizes of the results.
pub fn set_functions() -> Corpus {
    let list = |from: usize| {
        let items: Vec<String> = (from..from + 99_999).map(|i| format!("\"s{i}\"")).collect();
        format!("[{}]", items.join(", "))
    };
    let text = format!(
        "locals {{\n  left  = {}\n  right = {}\n  subtracted   = setsubtract(local.left, local.right)\n  intersection = setintersection(local.left, local.right)\n  union        = setunion(local.left, local.right)\n  unique       = distinct(concat(local.left, local.right))\n  set          = toset(concat(local.left, local.right))\n}}\n\nresource \"aws_ecs_cluster\" \"sizes\" {{\n  name = \"${{length(local.subtracted)}}-${{length(local.intersection)}}-${{length(local.union)}}-${{length(local.unique)}}-${{length(local.set)}}\"\n}}\n",
        list(0),
        list(50_000)
    );
    let mut corpus = Corpus::default();
    corpus.add("main.tf", text);
    corpus
}
