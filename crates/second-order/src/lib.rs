//! Second-order optimisers (being written).
#![deny(missing_docs)]
