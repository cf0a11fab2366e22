//! `cargo run --release --example scale-project -- N DIR`: writes the scale project of size N
//! into DIR (see `scale.rs`). Used by bench/run.sh; not part of the shipped CLI.

#[path = "scale.rs"]
mod scale;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (args.first().and_then(|n| n.parse().ok()), args.get(1)) else {
        eprintln!("usage: scale-project N DIR");
        std::process::exit(2);
    };
    if let Err(e) = scale::write(std::path::Path::new(dir), n) {
        eprintln!("error: cannot write {dir}: {e}");
        std::process::exit(4);
    }
}
