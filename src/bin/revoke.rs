//! The `revoke` binary: all of it is in the library (`src/revoke/`).

fn main() {
    dnssec_kit::revoke::main()
}
