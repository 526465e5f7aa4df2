package io.github.saasconnect.testkit.sandbox.docusign;

/**
 * An eSignature account a user belongs to, as {@code /oauth/userinfo} lists it.
 *
 * @param accountId the account GUID ({@code account_id})
 * @param accountName {@code account_name}
 * @param isDefault {@code is_default}
 * @param baseUri {@code base_uri}: the sandbox's own URL, where the REST API lives under {@code /restapi/v2.1}
 */
public record DocuSignAccount(String accountId, String accountName, boolean isDefault, String baseUri) {}
