/** The OCI manifest, descriptor and image-layout model, with our own canonical JSON. */
package dev.fabricks.core.oci;
