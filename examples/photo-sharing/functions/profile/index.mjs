// Returns the caller's claims, as checked by the Cognito authorizer.
export const handler = async (event) => ({
  statusCode: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(event.requestContext?.authorizer?.claims ?? {}),
});
