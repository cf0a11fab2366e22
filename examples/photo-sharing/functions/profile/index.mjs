// Returns the caller's claims, as checked by the Cognito authorizer. API Gateway adds no CORS
// header to a proxy response: the function answers the origins of backend/api/photos.yaml's
// `cors.allowed_origins` itself, and only those (the request's Origin is echoed when listed).
const ALLOWED = new Set(["https://photos.example.com", "http://localhost:5173"]);

export const handler = async (event) => {
  const origin = event.headers?.origin ?? event.headers?.Origin;
  const cors = ALLOWED.has(origin) ? { "access-control-allow-origin": origin, vary: "Origin" } : {};
  return {
    statusCode: 200,
    headers: { ...cors, "content-type": "application/json" },
    body: JSON.stringify(event.requestContext?.authorizer?.claims ?? {}),
  };
};
