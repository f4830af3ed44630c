//! The `importkey` binary: all of it is in the library (`src/importkey/`).

fn main() {
    dnssec_kit::importkey::main()
}
