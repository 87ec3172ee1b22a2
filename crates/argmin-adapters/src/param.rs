//! What the adapters need of argmin's parameter vectors ([`Param`]): a view as a slice
//! and construction from one, for `Vec<f64>` here and nalgebra's `DVector<f64>` in
//! [`nalgebra`](crate::nalgebra).

/// A parameter (or gradient) vector of an argmin-math backend.
pub trait Param: Clone {
    /// The entries.
    fn entries(&self) -> &[f64];
    /// A vector with these entries.
    fn from_entries(x: &[f64]) -> Self;
}

impl Param for Vec<f64> {
    fn entries(&self) -> &[f64] {
        self
    }
    fn from_entries(x: &[f64]) -> Self {
        x.to_vec()
    }
}
