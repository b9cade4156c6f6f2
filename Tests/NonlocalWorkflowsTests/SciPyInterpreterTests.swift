// Tests of the benchmarks' choice of interpreter: the newest SciPy wins, interpreters without SciPy are passed over.
import Foundation
import NonlocalWorkflows
import Testing

@Suite struct SciPyInterpreterTests {
    /// Two fake python3 on PATH: one "has" SciPy 1.9.3, one fails to import it. Debian's /usr/bin/python3,
    /// when it has SciPy, is newer than 1.9.3 and older than 99.1, so the fake 99.1.0rc2 placed first wins
    /// and the failing one never does.
    @Test func theNewestSciPyOnThePathIsChosen() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scipy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        func fake(_ folder: String, _ body: String) throws -> String {
            let directory = root.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let file = directory.appendingPathComponent("python3")
            try "#!/bin/sh\n\(body)\n".write(to: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
            return directory.path
        }
        let old = try fake("old", "echo 1.9.3"), broken = try fake("broken", "exit 1"), new = try fake("new", "echo 99.1.0rc2")
        let chosen = SciPyInterpreter.newest(environment: ["PATH": [broken, old, new].joined(separator: ":")])
        #expect(chosen == SciPyInterpreter(path: new + "/python3", version: "99.1.0rc2"))
        let withoutNew = SciPyInterpreter.newest(environment: ["PATH": [broken, old].joined(separator: ":")])
        #expect(withoutNew?.path != broken + "/python3")
        #expect(SciPyInterpreter.probe(broken + "/python3") == nil)
    }
}
