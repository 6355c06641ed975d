//! ECS: container definitions inside task definitions, and the one link between EC2 capacity
//! and a cluster that Terraform does not express as a reference (`ECS_CLUSTER=` in user data).

pub mod containers;
pub mod registration;
