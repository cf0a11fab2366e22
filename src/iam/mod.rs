//! User-written IAM statements judged by AWS's own action catalogue: the catalogue
//! (`catalogue`), risk classes as data (`risk`) and the one judgement by audience (`judge`),
//! which `validate` runs on backend/auth.yaml's statements and any other caller may reuse.

pub mod catalogue;
pub mod judge;
pub mod risk;

pub use judge::{Audience, Finding, classes, judge};
