import Vapor

extension PeriodicWorker {
    /// The webhook deliveries, every SWITCHBOARD_WEBHOOK_INTERVAL seconds.
    static func webhooks(_ app: Application) -> PeriodicWorker {
        let (sender, metrics) = (app.helpdesk.webhookSender(client: app.http.client.shared), app.metrics)
        return PeriodicWorker(name: "Webhooks", interval: app.switchboardConfiguration.webhookInterval) {
            let report = try await sender.deliver()
            metrics.webhooksDelivered(delivered: report.delivered, retried: report.deferred, failed: report.failed)
            return report.delivered + report.deferred + report.failed > 0
                ? "delivered \(report.delivered), deferred \(report.deferred), failed \(report.failed)." : nil
        }
    }
}

/// `switchboard webhooks deliver`: one pass over the due webhook deliveries.
struct WebhookCommands: AsyncCommandGroup {
    var help: String { "Webhooks: deliver." }
    var commands: [String: any AnyAsyncCommand] { ["deliver": Deliver()] }

    struct Deliver: AsyncCommand {
        struct Signature: CommandSignature { init() {} }

        var help: String { "Sends every due webhook delivery once." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await prepareDatabase(app, migrate: true)
            let report = try await app.helpdesk.webhookSender(client: app.http.client.shared).deliver()
            context.console.say("Delivered \(report.delivered), deferred \(report.deferred), failed \(report.failed).")
        }
    }
}
