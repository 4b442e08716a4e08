import Fluent
import Vapor

/// Sets up an application: database, migrations, middleware, routes and commands. The
/// executable and the tests both call this; only the configuration and clock differ.
public func configure(_ app: Application, configuration: SwitchboardConfiguration, clock: AppClock = .system) async throws {
    app.switchboardConfiguration = configuration
    app.clock = clock
    app.metrics = HelpdeskMetrics()
    app.catalogCache = CatalogCache()
    app.http.server.configuration.hostname = configuration.hostname
    app.http.server.configuration.port = configuration.port
    // Our own HTTP/1.1 server: bodies collected before middleware, connection limits and timeouts.
    app.servers.use { app in app.switchboardHTTPServer }
    app.passwords.use(.bcrypt(cost: configuration.passwordCost))

    if let sqlitePath = try DatabaseSetup.register(configuration.database, poolSize: configuration.databasePoolSize, on: app) {
        let writer = SQLiteWriter(path: sqlitePath, busyTimeoutMilliseconds: configuration.sqliteBusyTimeoutMilliseconds)
        app.lifecycle.use(writer)
        app.sqliteWriteGate = WriteGate(writer: writer, metrics: app.metrics, beforeCommit: PendingSearchDocuments.write)
    }
    app.migrations.add(SwitchboardMigrations.all)

    // Errors become problem documents; nothing else sees them first.
    app.middleware = Middlewares()
    app.openRequests = OpenRequests()
    app.middleware.use(RequestLogMiddleware(metrics: app.metrics, openRequests: app.openRequests))
    app.middleware.use(ProblemMiddleware())

    // Forms may carry long descriptions; attachments have their own limit.
    app.routes.defaultMaxBodySize = "1mb"
    // Multipart bodies are read by our own strict reader before MultipartKit sees them.
    ContentConfiguration.global.use(decoder: CheckedFormDataDecoder(), for: .formData)
    app.passwordAttempts = PasswordAttemptLimiter()
    app.identityProviders = IdentityProviders(configuration.oidcProviders, client: app.http.client.shared, timeoutSeconds: configuration.oidcTimeoutSeconds)

    try routes(app)
    registerCommands(app)
}

/// The database is ready to use: pragmas applied, unless told otherwise migrated, and the
/// planner's statistics refreshed once, after migrating (an index new to a million tickets took
/// 0.9 s at the next start without them). `refreshStatistics: false` for a process that lives
/// for one message (the mail gate): the statistics are kept in the file, `serve` refreshes them
/// at its start, and a refresh beside busy writers may wait for the write lock.
public func prepareDatabase(_ app: Application, migrate: Bool, refreshStatistics: Bool = true) async throws {
    try await DatabaseSetup.prepare(app.db, busyTimeoutMilliseconds: app.switchboardConfiguration.sqliteBusyTimeoutMilliseconds)
    if migrate { try await app.autoMigrate() }
    if refreshStatistics { try await DatabaseSetup.optimize(app.db) }
    app.switchboardConfiguration.replyAddressKey = try await InstallationSecretModel.query(on: app.db)
        .filter(\.$name == InstallationSecretModel.replyAddressKey).first()?.value
}

func routes(_ app: Application) throws {
    try app.register(collection: HealthController())
    try app.register(collection: MetricsController())
    let api = app.grouped("api", "v1").grouped(NULCharacterGuard())
    api.get("openapi.json") { request async throws -> Response in
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        let response = Response(status: .ok, body: .init(data: try encoder.encode(OpenAPIDocument.document)))
        response.headers.replaceOrAdd(name: .contentType, value: "application/json")
        return response
    }
    let accounts = AccountsController()
    accounts.bootPublic(routes: api)
    let signedIn = api.grouped(BearerTokenAuthenticator(), RequireSignedIn())
    accounts.boot(routes: signedIn)
    try signedIn.register(collection: SupportUnitsController())
    try signedIn.register(collection: CalendarsController())
    try signedIn.register(collection: ServiceLevelsController())
    try signedIn.register(collection: OutboxController())
    try signedIn.register(collection: TicketsController(attachmentMaxBytes: app.switchboardConfiguration.attachmentMaxBytes))
    try signedIn.register(collection: ReleasesController())
    try signedIn.register(collection: ReportsController())
    try signedIn.register(collection: ServicesController())
    try signedIn.register(collection: ReplyTemplatesController())
    try signedIn.register(collection: SavedViewsController())
    try signedIn.register(collection: ListPreferencesController())
    try signedIn.register(collection: RequirementsController())
    try signedIn.register(collection: WebhooksController())
    try signedIn.register(collection: IdentityController())
    try KnownIssuesController().boot(public: api.grouped(BearerTokenAuthenticator()), signedIn: signedIn)
    WebController(attachmentMaxBytes: app.switchboardConfiguration.attachmentMaxBytes).boot(app)
}
