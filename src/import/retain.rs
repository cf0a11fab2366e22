//! Retaining versions of Amplify Gen 1 build templates (written by the Gen 1 importer).
