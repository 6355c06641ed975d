//! ECS: container definitions inside task definitions.

pub mod containers;
mod json_template;
