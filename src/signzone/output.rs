//! Where the signed zone and the side files go. The zone is written to a temporary file in
//! the target's directory, fsynced and renamed over the target only after the completeness
//! check passed, so a failed run leaves the old file untouched (docs/bind-compat.md,
//! "signzone: run, report and statistics").

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::JoinHandle;

use anyhow::{anyhow, Context as _, Result};
use dnssec_core::rr::Dnskey;
use dnssec_core::{Class, DigestType, Name, Ttl};

use super::settings::Settings;

/// A temporary file next to its target, removed unless it was renamed into place (also when
/// writing, syncing or renaming fails: a full disk must not be left fuller).
pub struct TempFile {
    target: PathBuf,
    temp: PathBuf,
    file: BufWriter<File>,
    renamed: bool,
}

impl TempFile {
    /// Creates `<dir>/<name>-XXXXXX`, never overwriting anything.
    pub fn create(target: &Path) -> Result<TempFile> {
        let dir = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let base = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "signed".into());
        let seed = std::process::id() as u64
            ^ (std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(0));
        for attempt in 0..100u64 {
            let suffix = (seed.wrapping_mul(6364136223846793005).wrapping_add(attempt)) % 1_000_000;
            let temp = dir.join(format!("{base}-{suffix:06}"));
            // Listed so that a signal removes it (dnssec_core::temp_files).
            let opened = dnssec_core::temp_files::create(
                &temp,
                OpenOptions::new().write(true).create_new(true),
            );
            match opened {
                Ok(f) => {
                    return Ok(TempFile {
                        target: target.to_path_buf(),
                        temp,
                        file: BufWriter::with_capacity(1 << 20, f),
                        renamed: false,
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(anyhow!(
                        "failed to open temporary output file: {}: {e}",
                        temp.display()
                    ))
                }
            }
        }
        Err(anyhow!(
            "failed to open temporary output file in {}",
            dir.display()
        ))
    }

    /// Flushes and starts the data written so far on its way to the disk, waiting for it.
    pub fn sync_data(&mut self) -> std::io::Result<()> {
        self.file.flush()?;
        self.file.get_ref().sync_data()
    }

    /// Flushes and syncs everything: after this only the rename is left, so a full disk or
    /// an I/O error is known before anything is reported as done.
    pub fn seal(&mut self) -> Result<()> {
        self.file
            .flush()
            .with_context(|| format!("writing {}", self.temp.display()))?;
        self.file
            .get_ref()
            .sync_all()
            .with_context(|| format!("syncing {}", self.temp.display()))
    }

    /// Seals and renames over the target; a target that is a device or a FIFO (`-f
    /// /dev/null`, a pipe to another program) is written through instead, since renaming
    /// would replace it with a regular file: BIND's signer does, which as root turns
    /// /dev/null into a file (docs/bind-compat.md, "signzone: output to a device or FIFO").
    pub fn commit(mut self) -> Result<PathBuf> {
        self.seal()?;
        if is_special(&self.target) {
            self.copy_through()?;
            return Ok(self.target.clone());
        }
        dnssec_core::temp_files::rename(&self.temp, &self.target).with_context(|| {
            format!(
                "renaming {} to {}",
                self.temp.display(),
                self.target.display()
            )
        })?;
        self.renamed = true;
        Ok(self.target.clone())
    }
}

impl TempFile {
    /// Copies the sealed temporary file into the (special) target, then removes it.
    fn copy_through(&mut self) -> Result<()> {
        let mut from =
            File::open(&self.temp).with_context(|| format!("reading {}", self.temp.display()))?;
        let mut to = OpenOptions::new()
            .write(true)
            .open(&self.target)
            .with_context(|| format!("opening {}", self.target.display()))?;
        std::io::copy(&mut from, &mut to)
            .and_then(|_| to.flush())
            .with_context(|| format!("writing {}", self.target.display()))?;
        Ok(())
    }
}

/// True when `target` exists and is neither a regular file nor a directory (through
/// symbolic links): a character device or a FIFO.
fn is_special(target: &Path) -> bool {
    std::fs::metadata(target).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

impl Write for TempFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.renamed {
            let _ = dnssec_core::temp_files::remove(&self.temp);
        }
    }
}

/// Bytes written between two `fdatasync`s of the signed zone: the final sync before the
/// rename then has little left to do.
const SYNC_EVERY: usize = 16 << 20;

/// Pieces of signed-zone text queued for the writer thread; a bound keeps memory flat when
/// the disk is slower than the signer.
const QUEUED_PIECES: usize = 64;

/// The signed zone file, written and synced as it goes by a thread of its own, so the
/// signing pool never waits on the disk.
pub struct ZoneFile {
    queue: Option<SyncSender<Vec<u8>>>,
    writer: Option<JoinHandle<std::io::Result<TempFile>>>,
}

impl ZoneFile {
    fn create(target: &Path) -> Result<ZoneFile> {
        let mut file = TempFile::create(target)?;
        let (queue, pieces) = sync_channel::<Vec<u8>>(QUEUED_PIECES);
        let writer = std::thread::spawn(move || {
            let mut unsynced = 0usize;
            for piece in pieces {
                file.write_all(&piece)?;
                unsynced += piece.len();
                if unsynced >= SYNC_EVERY {
                    file.sync_data()?;
                    unsynced = 0;
                }
            }
            Ok(file)
        });
        Ok(ZoneFile {
            queue: Some(queue),
            writer: Some(writer),
        })
    }

    fn write(&mut self, piece: Vec<u8>) -> std::io::Result<()> {
        let sent = match &self.queue {
            Some(q) => q.send(piece).is_ok(),
            None => false,
        };
        if sent {
            return Ok(());
        }
        // The writer stopped: its error says why.
        match self.finish() {
            Err(e) => Err(e),
            Ok(_) => Err(std::io::Error::other("the zone writer stopped")),
        }
    }

    /// Waits for the writer; the temporary file with everything written.
    fn finish(&mut self) -> std::io::Result<TempFile> {
        self.queue = None;
        match self.writer.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(std::io::Error::other("the zone writer panicked")),
            None => Err(std::io::Error::other("the zone writer already stopped")),
        }
    }
}

impl Drop for ZoneFile {
    fn drop(&mut self) {
        // Dropping the temporary file the writer hands back removes it.
        let _ = self.finish();
    }
}

/// The signed zone's destination: a temporary file, or a buffer for stdout (written only
/// after the check passes, so a failure prints no partial zone).
pub enum Sink {
    File(ZoneFile),
    /// Everything written and synced; only the rename is left.
    Sealed(TempFile),
    Stdout(Vec<u8>),
}

impl Sink {
    pub fn open(s: &Settings) -> Result<Sink> {
        if s.output_is_stdout() {
            Ok(Sink::Stdout(Vec::new()))
        } else {
            Ok(Sink::File(ZoneFile::create(Path::new(&s.output))?))
        }
    }

    pub fn write(&mut self, bytes: Vec<u8>) -> std::io::Result<()> {
        match self {
            Sink::File(f) => f.write(bytes),
            Sink::Sealed(_) => Err(std::io::Error::other("the signed zone is already sealed")),
            Sink::Stdout(v) => {
                v.extend_from_slice(&bytes);
                Ok(())
            }
        }
    }

    /// Drops what was written.
    pub fn abandon(self) {}

    /// Waits for the writer and syncs the file, so that a write error (a full disk) is
    /// reported before the summary says the zone was signed.
    pub fn seal(self) -> Result<Sink> {
        match self {
            Sink::File(mut f) => {
                let mut file = f
                    .finish()
                    .map_err(|e| anyhow!("failed to write the signed zone: {e}"))?;
                file.seal()?;
                Ok(Sink::Sealed(file))
            }
            other => Ok(other),
        }
    }

    /// Publishes the zone; returns the name to report.
    pub fn commit(self) -> Result<String> {
        match self {
            Sink::File(_) => self.seal()?.commit(),
            Sink::Sealed(file) => Ok(file.commit()?.display().to_string()),
            Sink::Stdout(v) => {
                let mut out = std::io::stdout().lock();
                out.write_all(&v)
                    .and_then(|_| out.flush())
                    .map_err(|e| anyhow!("writing to stdout: {e}"))?;
                Ok("-".into())
            }
        }
    }
}

/// The text of `dsset-<zone>.` (docs/bind-compat.md, "signzone: dsset and keyset files"):
/// SHA-256 DS of each key, in BIND's dsset style (see `text::dsset_text`).
pub fn dsset_text(origin: &Name, class: Class, keys: &[Dnskey]) -> String {
    let ds: Vec<Vec<u8>> = keys
        .iter()
        .filter_map(|k| dnssec_core::crypto::ds_from_dnskey(origin, k, DigestType::SHA256).ok())
        .map(|ds| ds.to_wire())
        .collect();
    super::text::dsset_text(origin, &ds, class)
}

/// Writes `dsset-<zone>.` into `dir`, in the zone's class (as BIND, for CH and HS zones too).
pub fn write_dsset(dir: &Path, origin: &Name, class: Class, keys: &[Dnskey]) -> Result<()> {
    let path = dir.join(format!("dsset-{}", origin.key_file_part()));
    super::sign::write_atomic(&path, dsset_text(origin, class, keys).as_bytes())
}

/// Writes `keyset-<zone>.` (docs/bind-compat.md, "signzone: dsset and keyset files") into `dir`.
pub fn write_keyset(
    dir: &Path,
    origin: &Name,
    class: Class,
    keys: &[Dnskey],
    ttl: Ttl,
) -> Result<()> {
    let wires: Vec<Vec<u8>> = keys.iter().map(Dnskey::to_wire).collect();
    let text = super::text::keyset_text(origin, &wires, ttl, class);
    let path = dir.join(format!("keyset-{}", origin.key_file_part()));
    super::sign::write_atomic(&path, text.as_bytes())
}
