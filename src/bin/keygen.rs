//! The `keygen` binary: all of it is in the library (`src/keygen/`).

fn main() {
    dnssec_kit::keygen::main()
}
