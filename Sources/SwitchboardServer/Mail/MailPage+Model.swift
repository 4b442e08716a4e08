import Fluent
import Foundation
import SwitchboardCore

/// Mail for administrators: what waits to go out, what failed with why (each failed message
/// with a button to send it again), and what the mail gate took in lately.
enum MailPage: WebPage {
    struct Message {
        var id: UUID
        var ticket: Int?
        var recipients: [String]
        var subject: String
        var attempts: Int
        var lastError: String?
        var at: Date
    }

    struct Received {
        var messageID: String
        var sender: String
        var at: Date
        var outcome: String
        var ticket: Int?
    }

    struct Model {
        var pendingCount: Int
        var failed: [Message]
        var pending: [Message]
        var received: [Received] = []
        var notice: String?
        /// Why waiting mail is not going out: the last error of the most recently tried message.
        var deliveryProblem: String?
    }
}
