//! ECS: container definitions inside task definitions.

pub mod containers;
