/**
 * The libraries every page runs on besides React, evaluated as the second
 * step of the start (main.tsx), so that the app's own modules, evaluated
 * next, make a shorter task of their own. Importing them is all this module does.
 */
export { createBrowserRouter, RouterProvider } from "react-router-dom"
export { QueryClient, QueryClientProvider } from "@tanstack/react-query"
export { sdk } from "../lib/sdk"
