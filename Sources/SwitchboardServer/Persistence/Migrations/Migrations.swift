import Fluent

/// Every migration, in order. A new migration gets the next number and goes at the end.
enum SwitchboardMigrations {
    static let all: [any Migration] = [
        CreateUsers(),
        CreateSupportUnits(),
        CreateTickets(),
        CreateTicketHistory(),
        CreateWebSessions(),
        CreateCalendars(),
        CreateAutomation(),
        CreateServiceLevels(),
        ExtendOutbox(),
        CreateInboundMessages(),
        AddQuotedText(),
        CreateTicketSubscriptions(),
        AddQuotedVisibility(),
        CreateInstallationSecrets(),
        AddPublicUpdatedAt(),
        CreateReleases(),
        CreateReportProjection(),
        CreateServices(),
        CreateReplyTemplates(),
        IndexHandOffsByInstant(),
        CreateSavedViews(),
        CreateListPreferences(),
        CreateRequirements(),
        CreateKnownIssues(),
        CreateWebhooks(),
        CreateFederatedIdentities(),
        CreateTicketSearch(),
        DropSubjectFolded(),
        StoreSearchDocuments(),
        NumberCommentWordsByTicket(),
        OneSearchDocumentPerTicket(),
        IndexUnitTicketsByPriority(),
    ]
}
