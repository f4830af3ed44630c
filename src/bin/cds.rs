//! The `cds` binary: all of it is in the library (`src/cds/`).

fn main() {
    dnssec_kit::cds::main()
}
