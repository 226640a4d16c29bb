public enum NimbusVersion {
    public static let current = "0.1.0"
}
