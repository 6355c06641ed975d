//! ECS: container definitions inside task definitions, and the Step Functions states that
//! start tasks.

pub mod containers;
mod json_template;
pub mod state_machine;
