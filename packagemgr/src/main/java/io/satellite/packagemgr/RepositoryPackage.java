package io.satellite.packagemgr;

import java.nio.file.Path;

/** A package a repository offers: its description, where its tarball is, and which repository. */
public record RepositoryPackage(String repository, PackageDescription description, Path tarball) {
}
