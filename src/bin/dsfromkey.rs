//! The `dsfromkey` binary: all of it is in the library (`src/dsfromkey/`).

fn main() {
    dnssec_kit::dsfromkey::main()
}
