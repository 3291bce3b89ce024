//! The `stance` command line. Each subcommand lives in its own file under
//! `cli/`; `main` only maps the result to an exit code:
//! 0 success, 1 some inputs were skipped with warnings, 2 usage or fatal
//! error. Errors print as `stance: <message>` with their cause chain, each
//! cause once.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(cli::Outcome::Clean) => ExitCode::SUCCESS,
        Ok(cli::Outcome::Skipped) => ExitCode::from(1),
        Err(err) => {
            if cli::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("stance: {}", cli::error_message(&err));
            ExitCode::from(2)
        }
    }
}
