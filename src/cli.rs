//! The command line: `serve` (the default), `migrate`, `openapi`, `clients`, `demo`.

use clap::{Parser, Subcommand};

use crate::config::{DbArgs, ServeArgs};

#[derive(Parser, Debug)]
#[command(
    name = "client-safety",
    version,
    about = "Client-safety work of Finland's wellbeing services counties"
)]
pub struct Cli {
    #[command(flatten)]
    pub db: DbArgs,
    /// Log lines as `text` or `json` (one object per line).
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t, global = true)]
    pub log_format: crate::logging::LogFormat,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the HTTP service (the default).
    Serve(ServeArgs),
    /// Apply pending database migrations and the reference data, then exit.
    Migrate,
    /// Print the OpenAPI document.
    Openapi,
    /// Manage API clients without the API (for the first admin).
    #[command(subcommand)]
    Clients(ClientsCommand),
    /// The 2023 workshop data set.
    #[command(subcommand)]
    Demo(DemoCommand),
}

#[derive(Subcommand, Debug)]
pub enum ClientsCommand {
    /// Create a client and print its credentials as JSON.
    Create {
        #[arg(long)]
        name: String,
        /// admin, editor, viewer or integration.
        #[arg(long)]
        role: String,
        /// The county an integration client speaks for.
        #[arg(long)]
        area: Option<String>,
    },
    /// List clients as JSON lines.
    List,
    /// Deactivate a client: its tokens stop working within 20 seconds on running instances.
    Deactivate { client_id: String },
}

#[derive(Subcommand, Debug)]
pub enum DemoCommand {
    /// Load the 2023 workshop data set (does nothing to data already loaded).
    Load,
}
