package io.satellite.packagemgr;

/**
 * The resolver's choice for one package name.
 *
 * @param version the version chosen; {@code null} only for a recommended package whose version is unknown
 * @param source  the repository entry to install, or {@code null} if what is present is kept
 * @param partOfR whether the package is one of R's base or recommended packages
 */
record SelectedVersion(String name, RVersion version, PackageDescription source, boolean partOfR) {
}
