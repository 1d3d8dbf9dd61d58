package dev.fabricks.core.sign;

import dev.fabricks.core.FabricksException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ECDSA P-256 private key read from a PEM PKCS#8 file ({@code BEGIN PRIVATE KEY}), as
 * {@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256} writes it; its public
 * half ({@code openssl pkey -pubout}) is what {@code cosign verify --key} and
 * {@code fabricks-host --verify-key} take.
 */
public final class SigningKey {
  private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final String FIX = "Make one with `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out"
      + " cosign.key` and its public key with `openssl pkey -in cosign.key -pubout -out cosign.pub`";

  private final PrivateKey key;

  private SigningKey(PrivateKey key) {
    this.key = key;
  }

  public static SigningKey read(Path file) throws FabricksException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new FabricksException("the signing key " + file + " (-Dfabricks.sign.key) does not exist. " + FIX);
    } catch (IOException e) {
      throw new FabricksException("cannot read the signing key " + file + ": " + e.getMessage());
    }
    Matcher pem = PEM.matcher(text);
    if (!pem.find()) {
      throw new FabricksException("the signing key " + file + " is not a PEM file. " + FIX);
    }
    String type = pem.group(1);
    if (!"PRIVATE KEY".equals(type)) {
      String hint = switch (type) {
        case "EC PRIVATE KEY" -> "convert it with `openssl pkcs8 -topk8 -nocrypt -in " + file + " -out cosign.pkcs8.key`";
        case "ENCRYPTED SIGSTORE PRIVATE KEY", "ENCRYPTED COSIGN PRIVATE KEY", "ENCRYPTED PRIVATE KEY" ->
            "encrypted keys (as `cosign generate-key-pair` writes) are not read; use an unencrypted PKCS#8 key kept"
                + " like any other deploy secret";
        default -> "a PKCS#8 EC private key (BEGIN PRIVATE KEY) is needed";
      };
      throw new FabricksException("the signing key " + file + " is a PEM `" + type + "`: " + hint + ". " + FIX);
    }
    try {
      PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(
          new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pem.group(2))));
      if (!(key instanceof ECPrivateKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
        throw new FabricksException("the signing key " + file + " is not a P-256 key. " + FIX);
      }
      return new SigningKey(key);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new FabricksException("the signing key " + file + " is not a PKCS#8 EC private key: " + e.getMessage()
          + ". " + FIX);
    }
  }

  /** An ASN.1 DER ECDSA signature over SHA-256 of {@code payload}, as cosign makes and checks. */
  public byte[] sign(byte[] payload) {
    try {
      Signature ecdsa = Signature.getInstance("SHA256withECDSA");
      ecdsa.initSign(key);
      ecdsa.update(payload);
      return ecdsa.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA P-256 is part of every Java 17 runtime", e);
    }
  }
}
