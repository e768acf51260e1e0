//! The `client-safety` command: parse the command line, set up logging, run.

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use client_safety::auth::Role;
use client_safety::cli::{Cli, ClientsCommand, Command, DemoCommand};
use client_safety::config::{DbArgs, ServeArgs, Settings};
use client_safety::startup::{prepare_database, Application};
use client_safety::{clients, db, demo, openapi};

fn main() -> ExitCode {
    let cli = Cli::parse();
    client_safety::logging::init(cli.log_format);
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        None => serve(&cli.db, &ServeArgs::parse_defaults()),
        Some(Command::Serve(args)) => serve(&cli.db, &args),
        Some(Command::Migrate) => {
            prepare_database(&db::DbUrl::parse(&cli.db.database_url)?, 1)?;
            log::info!("the database is up to date");
            Ok(())
        }
        Some(Command::Openapi) => {
            print!("{}", openapi::document_json());
            Ok(())
        }
        Some(Command::Clients(cmd)) => clients_command(&cli.db, cmd),
        Some(Command::Demo(DemoCommand::Load)) => {
            let pool = prepare_database(&db::DbUrl::parse(&cli.db.database_url)?, 2)?;
            demo::load(&pool)
        }
    }
}

fn serve(db_args: &DbArgs, args: &ServeArgs) -> anyhow::Result<()> {
    client_safety::config::server::raise_fd_limit();
    let settings = Settings::from_args(db_args, args)?;
    log::info!("starting with {:?}", settings.database);
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(settings)?;
        app.run_until_stopped().await.context("the server failed")
    })
}

/// Who the audit log names for writes made with the command line.
const CLI_ACTOR: &str = "cli";

fn clients_command(db_args: &DbArgs, cmd: ClientsCommand) -> anyhow::Result<()> {
    let pool = prepare_database(&db::DbUrl::parse(&db_args.database_url)?, 1)?;
    let mut conn = pool.get()?;
    match cmd {
        ClientsCommand::Create { name, role, area } => {
            let role = Role::parse(&role)
                .with_context(|| format!("unknown role `{role}` (admin, editor, viewer or integration)"))?;
            let creds = db::write_tx(&mut conn, |c| {
                clients::service::create(c, CLI_ACTOR, &name, role, area.as_deref())
            })
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            let out = serde_json::json!({"client_id": creds.client.client_id, "client_secret": creds.client_secret});
            println!("{out}");
        }
        ClientsCommand::List => {
            let mut cursor: Option<String> = None;
            loop {
                let page = clients::service::list(&mut conn, cursor.as_deref(), 500)
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                page.docs.iter().for_each(|doc| println!("{doc}"));
                cursor = page.next_cursor;
                if cursor.is_none() {
                    break;
                }
            }
        }
        ClientsCommand::Deactivate { client_id } => {
            db::write_tx(&mut conn, |c| clients::service::deactivate(c, CLI_ACTOR, &client_id))
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let ttl = client_safety::config::CLIENT_STATUS_TTL.as_secs();
            println!(
                "deactivated {client_id}; its tokens stop working within {ttl} seconds on running instances"
            );
        }
    }
    Ok(())
}
