//! Word lists for names that look like a real organisation's: teams, services, jobs,
//! regions. Every name is lowercase ASCII with dashes, valid in Terraform and Kubernetes.

pub const ENVIRONMENTS: &[&str] = &["dev", "staging", "prod"];

pub const TEAMS: &[&str] = &[
    "payments",
    "orders",
    "search",
    "catalog",
    "identity",
    "billing",
    "shipping",
    "pricing",
    "reviews",
    "inventory",
    "checkout",
    "messaging",
    "analytics",
    "media",
    "loyalty",
    "fraud",
    "support",
    "partners",
    "ledger",
    "notifications",
];

pub const SERVICES: &[&str] = &[
    "api",
    "gateway",
    "worker",
    "web",
    "admin",
    "events",
    "export",
    "import",
    "indexer",
    "sync",
    "auth",
    "webhooks",
    "scheduler",
    "graphql",
    "reports",
    "uploads",
];

pub const JOBS: &[&str] = &[
    "cleanup",
    "rollup",
    "backfill",
    "reconcile",
    "digest",
    "archive",
    "compact",
    "refresh",
];

pub const AWS_REGIONS: &[&str] = &[
    "eu-west-1",
    "eu-central-1",
    "us-east-1",
    "us-west-2",
    "ap-northeast-1",
];

pub const GCP_REGIONS: &[&str] = &[
    "europe-west1",
    "europe-west4",
    "us-central1",
    "asia-northeast1",
];

pub const INSTANCE_TYPES: &[&str] = &[
    "m6i.large",
    "m6i.xlarge",
    "c6i.large",
    "r6i.large",
    "m7g.large",
];

pub const MACHINE_TYPES: &[&str] = &[
    "e2-standard-4",
    "e2-standard-8",
    "n2-standard-4",
    "c3-standard-4",
];

pub const SCHEDULES: &[&str] = &[
    "cron(0 3 * * ? *)",
    "cron(30 1 * * ? *)",
    "cron(0 */6 * * ? *)",
    "rate(15 minutes)",
    "rate(1 hour)",
    "rate(1 day)",
];

pub const CRON_SCHEDULES: &[&str] = &["0 3 * * *", "*/15 * * * *", "30 1 * * 1", "0 */4 * * *"];

/// Fargate-valid (cpu, memory) pairs.
pub const TASK_SIZES: &[(u32, u32)] = &[(256, 512), (512, 1024), (1024, 2048), (2048, 4096)];

pub const PORTS: &[u32] = &[8080, 3000, 9000, 8000];
