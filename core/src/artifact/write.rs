//! Atomic writes: a temporary file in the same directory, fsync, rename.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Result;

/// Writes `bytes` to `path` atomically: readers (and a crash at any moment) see
/// either the old file, whole, or the new one, whole.
///
/// The data goes to a uniquely named temporary file beside `path`, is flushed to
/// disk, then renamed over `path`; the directory is synced so the rename itself
/// survives a power loss. On error the temporary file is removed.
///
/// # Errors
/// Any I/O error, as [`crate::ErrorKind::Io`] naming the path.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "artifact".into());
    let io = |e: std::io::Error, what: &str, p: &Path| {
        crate::Error::from(std::io::Error::new(e.kind(), format!("{what} {}: {e}", p.display())))
    };
    let mut attempt = 0u32;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(".{name}.{}.{attempt}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(io(e, "cannot create a temporary file in", &dir)),
        }
    };
    let result = (|| {
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)?;
        // Persist the rename; not every platform can open a directory.
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok::<(), std::io::Error>(())
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        io(e, "cannot write", path)
    })
}
