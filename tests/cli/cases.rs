//! The CLI cases of tests/cases/ (one `.toml` per run: arguments, project, exit code, output),
//! run by trycmd against this build's binary.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .register_bin(
            "cogform",
            std::path::Path::new(env!("CARGO_BIN_EXE_cogform")),
        )
        .case("tests/cases/*.toml");
}
