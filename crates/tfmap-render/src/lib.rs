//! Renderers: each output format is one function of an [`Analysis`](tfmap_model::Analysis).

pub mod json;
mod terminal;
pub mod text;
