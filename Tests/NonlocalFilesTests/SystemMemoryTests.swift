// Tests of SystemMemory: MemAvailable parsed in bytes from meminfo text and files, and missing or foreign lines refused.
import Foundation
import NonlocalFiles
import Testing

@Suite struct SystemMemoryTests {
    let folder = TestFolder("system-memory")

    @Test func memAvailableIsReadInKibibytes() throws {
        let text = "MemTotal:       24576000 kB\nMemFree:         1000000 kB\nMemAvailable:   22000000 kB\nBuffers:   1 kB\n"
        #expect(SystemMemory.availableBytes(inMeminfo: text) == 22_000_000 * 1024)
        let path = folder.create("meminfo", Array(text.utf8))
        #expect(try SystemMemory.availableBytes(meminfoPath: path) == 22_000_000 * 1024)
    }

    @Test func aMissingOrMalformedLineGivesNil() {
        #expect(SystemMemory.availableBytes(inMeminfo: "MemTotal: 100 kB\nMemFree: 50 kB\n") == nil)
        #expect(SystemMemory.availableBytes(inMeminfo: "MemAvailable: many kB\n") == nil)
        #expect(SystemMemory.availableBytes(inMeminfo: "MemAvailable: 12 MB\n") == nil)
    }

    @Test func aMissingFileIsAFileError() {
        #expect(throws: FileError.self) { try SystemMemory.availableBytes(meminfoPath: folder.file("absent")) }
    }

    @Test func theMachineReportsAvailableMemoryBelowItsTotal() throws {
        // /proc/meminfo states MemTotal and MemAvailable; the available part is positive and at most the total.
        guard FileManager.default.fileExists(atPath: "/proc/meminfo") else { return }
        let available = try #require(try SystemMemory.availableBytes())
        let text = try String(contentsOfFile: "/proc/meminfo", encoding: .utf8)
        let totalLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("MemTotal:") })
        let total = try #require(Int(totalLine.split(separator: " ")[1])) * 1024
        #expect(available > 0 && available <= total, "available \(available), total \(total)")
    }
}
