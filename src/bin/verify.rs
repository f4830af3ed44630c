//! The `verify` binary: all of it is in the library (`src/verify/`).

fn main() {
    dnssec_kit::verify::main()
}
