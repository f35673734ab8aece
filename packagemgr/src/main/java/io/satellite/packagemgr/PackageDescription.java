package io.satellite.packagemgr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one DESCRIPTION file, or one record of a repository's PACKAGES index, says about a
 * package. {@code fields} holds every raw field in file order.
 */
public record PackageDescription(
        String name,
        RVersion version,
        List<DependencySpec> depends,
        List<DependencySpec> imports,
        List<DependencySpec> linkingTo,
        List<DependencySpec> suggests,
        Map<String, String> fields) {

    public PackageDescription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        depends = List.copyOf(depends);
        imports = List.copyOf(imports);
        linkingTo = List.copyOf(linkingTo);
        suggests = List.copyOf(suggests);
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /**
     * Builds a description from one parsed DCF record.
     *
     * @throws IllegalArgumentException if Package or Version is missing or a field is malformed
     */
    public static PackageDescription fromDcf(Map<String, String> record) {
        String name = record.get("Package");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("DCF record has no Package field (fields: " + record.keySet() + ")");
        }
        String version = record.get("Version");
        if (version == null) {
            throw new IllegalArgumentException("package '" + name + "': no Version field");
        }
        try {
            return new PackageDescription(name, RVersion.parse(version),
                    DependencySpec.parseField(record.get("Depends")),
                    DependencySpec.parseField(record.get("Imports")),
                    DependencySpec.parseField(record.get("LinkingTo")),
                    DependencySpec.parseField(record.get("Suggests")),
                    record);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("package '" + name + "': " + e.getMessage(), e);
        }
    }

    /** Parses the text of a DESCRIPTION file, which must hold exactly one record. */
    public static PackageDescription parse(String descriptionText) {
        List<Map<String, String>> records = DcfParser.parse(descriptionText);
        if (records.size() != 1) {
            throw new IllegalArgumentException("a DESCRIPTION file holds one record, found " + records.size());
        }
        return fromDcf(records.get(0));
    }

    /** What must be installed first: Depends, then Imports, then LinkingTo (not Suggests). */
    public List<DependencySpec> hardDependencies() {
        List<DependencySpec> all = new ArrayList<>(depends);
        all.addAll(imports);
        all.addAll(linkingTo);
        return Collections.unmodifiableList(all);
    }

    public Optional<String> field(String fieldName) {
        return Optional.ofNullable(fields.get(fieldName));
    }

    @Override
    public String toString() {
        return name + " " + version;
    }
}
