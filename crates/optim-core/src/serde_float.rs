//! Floats that may be NaN or infinite, written so that JSON can hold them (feature
//! `serde`).
//!
//! JSON has no number for NaN or ±∞, and serde_json writes them as `null`, which then
//! fails to read back ("invalid type: null, expected f64"). The states of the methods
//! hold such values on purpose: a plateau scheduler's best value starts at +∞, a trust
//! region's last ratio is NaN before its first trial. Fields that can hold one are
//! marked `#[serde(with = "optim_core::serde_float::scalar")]` (or `::vec`,
//! `::option`), and are written as a number when finite and as the strings `"NaN"`,
//! `"Infinity"` and `"-Infinity"` (JavaScript's spelling) otherwise. A finite value
//! reads back to the same bits (serde_json's `float_roundtrip` is on).
//!
//! ```
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Best {
//!     #[serde(with = "optim_core::serde_float::scalar")]
//!     value: f64,
//! }
//! let json = serde_json::to_string(&Best { value: f64::INFINITY }).unwrap();
//! assert_eq!(json, r#"{"value":"Infinity"}"#);
//! let back: Best = serde_json::from_str(&json).unwrap();
//! assert_eq!(back.value, f64::INFINITY);
//! ```

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One f64, finite or not.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Float(f64);

impl Serialize for Float {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        if v.is_finite() {
            s.serialize_f64(v)
        } else if v.is_nan() {
            s.serialize_str("NaN")
        } else if v > 0.0 {
            s.serialize_str("Infinity")
        } else {
            s.serialize_str("-Infinity")
        }
    }
}

struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = Float;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or \"NaN\", \"Infinity\" or \"-Infinity\"")
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Float, E> {
        Ok(Float(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Float, E> {
        Ok(Float(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Float, E> {
        Ok(Float(v as f64))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Float, E> {
        match v {
            "NaN" => Ok(Float(f64::NAN)),
            "Infinity" => Ok(Float(f64::INFINITY)),
            "-Infinity" => Ok(Float(f64::NEG_INFINITY)),
            other => Err(E::invalid_value(de::Unexpected::Str(other), &self)),
        }
    }
}

impl<'de> Deserialize<'de> for Float {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Float, D::Error> {
        d.deserialize_any(FloatVisitor)
    }
}

/// `#[serde(with = "optim_core::serde_float::scalar")]` on an `f64` field.
pub mod scalar {
    use super::*;

    /// Writes a finite value as a number, else as `"NaN"`, `"Infinity"`, `"-Infinity"`.
    pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        Float(*v).serialize(s)
    }
    /// Reads what [`serialize`] writes (and any JSON number).
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Float::deserialize(d).map(|f| f.0)
    }
}

/// `#[serde(with = "optim_core::serde_float::vec")]` on a `Vec<f64>` field.
pub mod vec {
    use super::*;

    /// Writes each entry as [`scalar::serialize`] does.
    pub fn serialize<S: Serializer>(v: &[f64], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|&x| Float(x)))
    }
    /// Reads what [`serialize`] writes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
        Vec::<Float>::deserialize(d).map(|v| v.into_iter().map(|f| f.0).collect())
    }
}

/// `#[serde(with = "optim_core::serde_float::option")]` on an `Option<f64>` field.
pub mod option {
    use super::*;

    /// `None` as `null`, a value as [`scalar::serialize`] does.
    pub fn serialize<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        v.map(Float).serialize(s)
    }
    /// Reads what [`serialize`] writes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        Option::<Float>::deserialize(d).map(|v| v.map(|f| f.0))
    }
}

/// `#[serde(with = "optim_core::serde_float::vecs")]` on a `Vec<Vec<f64>>` field.
pub mod vecs {
    use super::*;

    /// Writes each entry as [`scalar::serialize`] does.
    pub fn serialize<S: Serializer>(v: &[Vec<f64>], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            v.iter()
                .map(|row| row.iter().map(|&x| Float(x)).collect::<Vec<_>>()),
        )
    }
    /// Reads what [`serialize`] writes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<f64>>, D::Error> {
        Vec::<Vec<Float>>::deserialize(d).map(|v| {
            v.into_iter()
                .map(|row| row.into_iter().map(|f| f.0).collect())
                .collect()
        })
    }
}
