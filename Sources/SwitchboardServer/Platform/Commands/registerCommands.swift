import Vapor

func registerCommands(_ app: Application) {
    app.asyncCommands.use(SwitchboardServeCommand(vaporServe: app.servers.command), as: "serve", isDefault: true)
    app.asyncCommands.use(MigrateDatabaseCommand(), as: "migrate")
    app.asyncCommands.use(CreateUserCommand(), as: "create-user")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(BenchmarkDataCommand(), as: "benchmark-data")
    app.asyncCommands.use(CalendarCommands(), as: "calendar")
    app.asyncCommands.use(AutomationCommands(), as: "automation")
    app.asyncCommands.use(SweepCommand(), as: "sweep")
    app.asyncCommands.use(MailCommands(), as: "mail")
    app.asyncCommands.use(MailgateCommand(), as: "mailgate")
    app.asyncCommands.use(ConfigCommands(), as: "config")
    app.asyncCommands.use(BenchmarkAutomationCommand(), as: "benchmark-automation")
    app.asyncCommands.use(VersionCommands(), as: "versions")
    app.asyncCommands.use(ReleaseCommands(), as: "releases")
    app.asyncCommands.use(BenchmarkReleasesCommand(), as: "benchmark-releases")
    app.asyncCommands.use(ImportHistoryCommand(), as: "import")
    app.asyncCommands.use(ExportHistoryCommand(), as: "export")
    app.asyncCommands.use(ReportCommands(), as: "reports")
    app.asyncCommands.use(BenchmarkReportsCommand(), as: "benchmark-reports")
}
