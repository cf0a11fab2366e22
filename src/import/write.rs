//! [`Imported`] → the files `cogform import` writes.
