//! One copied row, as plain values that either backend binds and decodes.

use super::ColumnKind;

/// A column's value in a copied row.
#[derive(Debug, Clone, PartialEq)]
pub enum CopyValue {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
    Bool(bool),
}

/// A row: one value per column of its [`CopyTable`](super::CopyTable), in order.
pub type CopyRow = Vec<CopyValue>;

impl CopyValue {
    /// Whether this value may stand in a column of `kind`.
    pub fn fits(&self, kind: ColumnKind) -> bool {
        matches!(
            (self, kind),
            (CopyValue::Null, _)
                | (CopyValue::Int(_), ColumnKind::Int)
                | (CopyValue::Real(_), ColumnKind::Real)
                | (CopyValue::Text(_), ColumnKind::Text)
                | (CopyValue::Blob(_), ColumnKind::Blob)
                | (CopyValue::Bool(_), ColumnKind::Bool)
        )
    }
}
