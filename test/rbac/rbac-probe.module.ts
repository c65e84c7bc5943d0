import { Controller, Get, Module } from '@nestjs/common';
import { OptionalAuth, Public } from '../../src/common/public.decorator';
import { AnyPermission, Permissions, Roles } from '../../src/rbac/rbac.decorators';

export const RBAC_PROBE = '/api/__rbac';

/** Test-only routes carrying each kind of RBAC requirement; mounted through startApp({ extraModules }). */
@Controller(RBAC_PROBE.slice(1))
export class RbacProbeController {
  @Get('posts')
  @Permissions('posts')
  posts() {
    return { ok: true };
  }

  @Get('posts.edit')
  @Permissions('posts.edit')
  postsEdit() {
    return { ok: true };
  }

  @Get('posts.edit.7')
  @Permissions('posts.edit.7')
  postsEdit7() {
    return { ok: true };
  }

  @Get('posts.delete')
  @Permissions('posts.delete')
  postsDelete() {
    return { ok: true };
  }

  @Get('posts.view')
  @Permissions('posts.view')
  postsView() {
    return { ok: true };
  }

  @Get('comments.edit')
  @Permissions('comments.edit')
  commentsEdit() {
    return { ok: true };
  }

  @Get('users.view')
  @Permissions('users.view')
  usersView() {
    return { ok: true };
  }

  @Get('users.manage')
  @Permissions('users.manage')
  usersManage() {
    return { ok: true };
  }

  @Get('all-of')
  @Permissions('posts.view', 'posts.edit')
  allOf() {
    return { ok: true };
  }

  @Get('any-of')
  @AnyPermission('posts.delete', 'posts.edit')
  anyOf() {
    return { ok: true };
  }

  @Get('editor-or-writer')
  @Roles('editor', 'writer')
  editorOrWriter() {
    return { ok: true };
  }

  @Public()
  @Get('public-but-guarded')
  @Permissions('posts.view')
  publicButGuarded() {
    return { ok: true };
  }

  @OptionalAuth()
  @Get('optional-but-guarded')
  @Roles('editor')
  optionalButGuarded() {
    return { ok: true };
  }

  @Get('open')
  open() {
    return { ok: true };
  }
}

/** The controller's @Roles and the method's @Permissions must both pass. */
@Controller(`${RBAC_PROBE.slice(1)}/editors`)
@Roles('editor')
export class RbacEditorsProbeController {
  @Get('view')
  @Permissions('posts.view')
  view() {
    return { ok: true };
  }
}

@Module({ controllers: [RbacProbeController, RbacEditorsProbeController] })
export class RbacProbeModule {}
