//! The `multisigner` binary: all of it is in the library (`src/multisigner/`).

fn main() {
    dnssec_kit::multisigner::main()
}
