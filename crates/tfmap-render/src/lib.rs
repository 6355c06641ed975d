//! Renderers: each output format is one function of an [`Analysis`](tfmap_model::Analysis).

pub mod comment;
pub mod compare;
pub mod diff;
pub mod dot;
pub mod gate;
pub mod gitlab;
pub mod json;
mod json_writer;
pub mod markdown;
pub mod mermaid;
pub mod report;
pub mod sarif;
pub mod summary;
pub mod text;
pub mod view;
