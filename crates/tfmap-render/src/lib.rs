//! Renderers: each output format is one function of an [`Analysis`](tfmap_model::Analysis).

pub mod json;
pub mod text;
mod terminal;
