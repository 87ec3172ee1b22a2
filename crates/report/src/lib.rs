//! Figures (being written).
#![deny(missing_docs)]
