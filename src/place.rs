//! What most commands share: where the config and the data live, and loading the config with
//! its problems printed.

use std::path::{Path, PathBuf};

/// Where the config and the data live (every command but `check` and `up`).
#[derive(clap::Args)]
pub struct Place {
    /// The config file.
    #[arg(long, env = "FIRSTSTOP_CONFIG", default_value = "firststop.toml")]
    pub config: PathBuf,
    /// The data directory: page store and index.
    #[arg(long, env = "FIRSTSTOP_DATA", default_value = "data")]
    pub data: PathBuf,
}

/// Loads and validates the config at `path`; an invalid one prints each problem as
/// `path:line: message` and fails with a one-line reason.
pub fn load_config(path: &Path) -> anyhow::Result<config::Config> {
    match config::Config::load(path) {
        Ok(config) => Ok(config),
        Err(config::Error::Invalid(problems)) => {
            for p in problems.iter() {
                eprintln!("{p}");
            }
            anyhow::bail!("{} is not valid: run `firststop check`", path.display())
        }
        Err(e) => Err(e.into()),
    }
}
