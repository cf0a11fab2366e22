//! What did not load. A file or top-level section with structural problems is replaced by a
//! stand-in (its defaults, or the shortest allowed names) so the rest of the project can still
//! be checked in the same run; `Gaps` names those stand-ins so that no semantic rule reports
//! about them, or from them (`validate::reads` knows which rules read what).

use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gaps {
    /// File (as shown to users) → its stand-in top-level sections; `None`: the whole file.
    files: BTreeMap<String, Option<BTreeSet<String>>>,
}

impl Gaps {
    /// The whole of `file` is a stand-in (or, for a bucket or API, left out).
    pub fn whole_file(&mut self, file: &str) {
        self.files.insert(file.to_string(), None);
    }

    /// These top-level sections of `file` are stand-ins.
    pub fn sections(&mut self, file: &str, sections: BTreeSet<String>) {
        // A whole-file gap (`None`) already covers every section.
        if let Some(set) = self
            .files
            .entry(file.to_string())
            .or_insert(Some(BTreeSet::new()))
        {
            set.extend(sections);
        }
    }

    /// Whether any file of the folder `dir` is (partly) a stand-in.
    pub fn any_under(&self, dir: &str) -> bool {
        self.files.keys().any(|f| {
            f.strip_prefix(dir)
                .is_some_and(|rest| rest.starts_with('/'))
        })
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Whether `section` of `file` is a stand-in; with `None`, whether any part of it is.
    pub fn missing(&self, file: &str, section: Option<&str>) -> bool {
        match (self.files.get(file), section) {
            (None, _) => false,
            (Some(None), _) | (Some(Some(_)), None) => true,
            (Some(Some(set)), Some(s)) => set.contains(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_and_whole_files() {
        let mut g = Gaps::default();
        assert!(g.is_empty());
        g.sections("a.yaml", ["groups".to_string()].into());
        assert!(g.missing("a.yaml", Some("groups")));
        assert!(!g.missing("a.yaml", Some("login")));
        assert!(g.missing("a.yaml", None));
        assert!(!g.missing("b.yaml", None));
        g.whole_file("a.yaml");
        g.sections("a.yaml", ["x".to_string()].into());
        assert!(g.missing("a.yaml", Some("login")));
    }
}
