//! What each backend provides for a copy: a read snapshot of the source and one write
//! transaction on the target.

use async_trait::async_trait;

use super::{CopyError, CopyRow, CopyTable, CopyValue};

/// Reads the source, every page from one snapshot: a server still running on it
/// cannot make the copy see a log entry without its request.
#[async_trait]
pub trait CopyReader: Send {
    /// Refuses a table with columns [`CopyTable::columns`] does not list.
    async fn check_columns(&mut self, table: CopyTable) -> Result<(), CopyError>;

    /// At most `limit` rows in primary-key order, after the row whose key is `after`
    /// (from the first row when `None`).
    async fn read_page(
        &mut self,
        table: CopyTable,
        after: Option<&[CopyValue]>,
        limit: usize,
    ) -> Result<Vec<CopyRow>, CopyError>;
}

/// Writes the target inside one transaction, so that an interrupted copy leaves it
/// as empty as it found it.
#[async_trait]
pub trait CopyWriter: Send {
    /// Stores rows of `table`, as read (ids included).
    async fn write_rows(&mut self, table: CopyTable, rows: &[CopyRow]) -> Result<(), CopyError>;

    /// Rows of a table as the target now holds them (inside the transaction).
    async fn count(&mut self, table: CopyTable) -> Result<i64, CopyError>;

    /// Moves each generated id's next value past the copied ones, and commits.
    async fn finish(self: Box<Self>) -> Result<(), CopyError>;
}
