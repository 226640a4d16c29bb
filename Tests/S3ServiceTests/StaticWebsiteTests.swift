import AWSWire
import Testing
@testable import S3Service

/// "Website endpoints" and "Configuring a webpage redirect": which host names a website, and where routing rules send.
@Suite struct StaticWebsiteTests {
    @Test func websiteHosts() {
        #expect(StaticWebsite.bucket(fromHost: "site.s3-website.localhost:4566") == "site")
        #expect(StaticWebsite.bucket(fromHost: "www.example.com.s3-website-us-east-1.amazonaws.com") == "www.example.com")
        #expect(StaticWebsite.bucket(fromHost: "site.s3-website.eu-central-1.amazonaws.com") == "site")
        #expect(StaticWebsite.bucket(fromHost: "site.s3.localhost") == nil)  // the REST endpoint
        #expect(StaticWebsite.bucket(fromHost: "s3-website.localhost") == nil)
        #expect(StaticWebsite.bucket(fromHost: "site.s3-websites.localhost") == nil)
    }

    let rules: [AWSValue] = [
        .object(["Condition": .object(["KeyPrefixEquals": "docs/"]), "Redirect": .object(["ReplaceKeyPrefixWith": "documents/"])]),
        .object(["Condition": .object(["HttpErrorCodeReturnedEquals": "404", "KeyPrefixEquals": "img/"]),
                 "Redirect": .object(["HostName": "cdn.example.com", "HttpRedirectCode": "302"])]),
        .object(["Condition": .object(["HttpErrorCodeReturnedEquals": "404"]), "Redirect": .object(["ReplaceKeyWith": "404.html"])]),
    ]

    @Test func rulesWithoutAnErrorCodeApplyBeforeTheFetch() {
        let rule = WebsiteRouting.match(rules, key: "docs/a b.html", errorStatus: nil)
        #expect(rule != nil)
        let target = WebsiteRouting.location(rule!, key: "docs/a b.html", host: "site.s3-website.localhost")
        #expect(target.location == "http://site.s3-website.localhost/documents/a%20b.html" && target.status == 301)
        #expect(WebsiteRouting.match(rules, key: "img/x.png", errorStatus: nil) == nil)
    }

    @Test func errorRulesNeedTheirCodeAndPrefix() {
        let image = WebsiteRouting.match(rules, key: "img/x.png", errorStatus: 404)!
        #expect(WebsiteRouting.location(image, key: "img/x.png", host: "h") == ("http://cdn.example.com/img/x.png", 302))
        let other = WebsiteRouting.match(rules, key: "page.html", errorStatus: 404)!
        #expect(WebsiteRouting.location(other, key: "page.html", host: "h") == ("http://h/404.html", 301))
        #expect(WebsiteRouting.match(rules, key: "page.html", errorStatus: 403) == nil)
    }
}
