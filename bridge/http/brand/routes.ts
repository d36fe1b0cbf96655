// Serves the default logo and icon on the public app, where Talkdesk fetches the images its configuration names.
import { Router } from 'express';
import { BRAND_PATHS, brandImages, ICON_SVG } from './images.js';

export function brandRoutes(): Router {
  const router = Router();
  const send = (type: string, body: () => Buffer | string) => (_request: unknown, response: import('express').Response) => {
    response.set({ 'content-type': type, 'cache-control': 'public, max-age=86400' }).send(body());
  };
  router.get(BRAND_PATHS.logo, send('image/png', () => brandImages().logo));
  router.get(BRAND_PATHS.icon, send('image/png', () => brandImages().icon));
  router.get(BRAND_PATHS.svg, send('image/svg+xml', () => ICON_SVG));
  return router;
}
